package io.faceengine.core.person;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.faceengine.core.person.PersonCandidates.Person;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonCandidatesTest {
  /** Two labelled persons and an unlabelled face, found partly by faces and partly by templates. */
  private static PersonCandidates<String> found() {
    PersonCandidates<String> persons = new PersonCandidates<>();
    persons.addFace("Ann", "a2", 0.50f, "face a2");
    persons.addFace("Ann", "a1", 0.40f, "face a1");
    persons.addFace(null, "x1", 0.45f, "face x1");
    persons.addTemplate("Bob", 0.30f);
    persons.addTemplate("Ann", 0.42f);
    return persons;
  }

  @Test
  void personsFoundByOnlyOneSideAreLookedUpOnce() {
    PersonCandidates<String> persons = found();
    assertEquals(Set.of("Bob"), persons.incomplete(), "Bob has no face yet; Ann has both; x1 has no label");
    persons.addFace("Bob", "b1", 0.35f, "face b1");
    persons.lookedUp(List.of("Bob"));
    assertEquals(Set.of(), persons.incomplete());
  }

  @Test
  void eachRuleRanksPersonsNamingTheirNearestFace() {
    PersonCandidates<String> persons = found();
    persons.addFace("Bob", "b1", 0.48f, "face b1");
    persons.lookedUp(List.of("Bob"));

    List<Person<String>> best = persons.ranked(PersonDistance.BEST, 10);
    assertEquals(List.of("b1", "a1", "x1"), best.stream().map(Person::faceId).toList());
    assertEquals(0.30f, best.get(0).distance());
    assertEquals(0.48f, best.get(0).faceDistance());
    assertEquals("face a1", best.get(1).face());

    assertEquals(List.of("b1", "a1", "x1"),
        persons.ranked(PersonDistance.TEMPLATE, 10).stream().map(Person::faceId).toList(),
        "x1 has no template: its face distance stands in");
    List<Person<String>> byFace = persons.ranked(PersonDistance.FACE, 10);
    assertEquals(List.of("a1", "x1", "b1"), byFace.stream().map(Person::faceId).toList());
    assertNull(byFace.get(1).templateDistance());
    assertEquals(2, persons.ranked(PersonDistance.BEST, 2).size());
  }

  /** With floors on the missing sides, persons that cannot reach the k nearest are not looked up. */
  @Test
  void onlyPersonsThatCanReachTheNearestKAreLookedUp() {
    PersonCandidates<String> persons = new PersonCandidates<>();
    persons.addFace("Ann", "a1", 0.30f, "face a1");
    persons.addTemplate("Ann", 0.35f);
    persons.addFace("Cid", "c1", 0.60f, "face c1"); // its template is at least 0.50: it stays beyond Ann
    persons.addTemplate("Bob", 0.40f); // its face is at least 0.55: the template makes it second
    persons.addFace("Dan", "d1", 0.45f, "face d1");
    assertEquals(Set.of("Bob", "Cid", "Dan"), persons.incomplete());
    // Ceilings: Ann 0.30, Bob 0.40, Dan 0.45, Cid 0.60; floors: Bob 0.40, Dan min(0.45, 0.50), Cid min(0.60, 0.50).
    assertEquals(Set.of("Bob"), persons.incomplete(PersonDistance.BEST, 2, 0.55f, 0.50f));
    assertEquals(Set.of("Bob", "Dan"), persons.incomplete(PersonDistance.BEST, 3, 0.55f, 0.50f));
    assertEquals(Set.of("Bob", "Cid", "Dan"), persons.incomplete(PersonDistance.BEST, 4, 0.55f, 0.50f));
    // By template: Ann 0.35 and Bob 0.40 are sure; Dan's and Cid's templates are at least 0.50 away.
    assertEquals(Set.of("Bob"), persons.incomplete(PersonDistance.TEMPLATE, 2, 0.55f, 0.50f),
        "Bob's face is looked up to name it");
    assertEquals(Set.of("Bob", "Cid", "Dan"), persons.incomplete(PersonDistance.TEMPLATE, 3, 0.55f, 0.50f));
    // By face: Ann 0.30, Dan 0.45 and Cid 0.60 are sure; Bob's face is at least 0.55 away.
    assertEquals(Set.of("Dan"), persons.incomplete(PersonDistance.FACE, 2, 0.55f, 0.50f),
        "Dan's template is looked up to report it");
  }

  @Test
  void aPersonWithoutAnyFaceIsNotAnswered() {
    PersonCandidates<String> persons = new PersonCandidates<>();
    persons.addTemplate("Gone", 0.1f);
    persons.lookedUp(List.of("Gone"));
    assertEquals(List.of(), persons.ranked(PersonDistance.BEST, 5));
  }
}
