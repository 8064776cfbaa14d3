package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.query.Admission.Permit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission's slots, line and refusals, with real threads waiting in line. */
class AdmissionTest {
  @Test
  void beyondTheSlotsAndTheLineRequestsAreRefusedAndTheLineIsServed() throws Exception {
    Admission admission = new Admission(1, 2);
    try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
      Permit first = admission.admit();
      Future<Permit> second = waiters.submit(admission::admit);
      awaitWaiting(admission, 1);
      Future<Permit> third = waiters.submit(admission::admit);
      awaitWaiting(admission, 2);

      QueryException refused = assertThrows(QueryException.class, admission::admit);
      assertEquals(QueryException.Kind.OVERLOADED, refused.kind());
      assertEquals("overloaded", refused.error());
      assertTrue(refused.getMessage().contains("answering 1 requests and has 2 more waiting"), refused.getMessage());
      assertEquals(1, admission.refused());
      assertEquals(1, admission.inFlight());

      first.close(); // each slot freed lets one waiting request in
      awaitEither(second, third);
      Future<Permit> admitted = second.isDone() ? second : third;
      Future<Permit> other = admitted == second ? third : second;
      Thread.sleep(50);
      assertFalse(other.isDone(), "one slot: the other still waits");
      admitted.get().close();
      other.get(10, TimeUnit.SECONDS).close();
    }
    assertEquals(0, admission.inFlight());
    assertEquals(0, admission.waiting());
    admission.admit().close(); // nothing held back once the load is gone
  }

  @Test
  void withoutALineTheSecondRequestIsRefusedAtOnce() throws Exception {
    Admission admission = new Admission(1, 0);
    try (Permit held = admission.admit()) {
      assertThrows(QueryException.class, admission::admit);
    }
    admission.admit().close();
    assertThrows(IllegalArgumentException.class, () -> new Admission(0, 1));
  }

  private static void awaitEither(Future<Permit> a, Future<Permit> b) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!a.isDone() && !b.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(a.isDone() || b.isDone(), "a freed slot lets a waiting request in");
  }

  private static void awaitWaiting(Admission admission, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (admission.waiting() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(count, admission.waiting(), "requests waiting in line");
  }
}
