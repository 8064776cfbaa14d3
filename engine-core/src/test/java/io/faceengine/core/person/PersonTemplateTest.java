package io.faceengine.core.person;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PersonTemplateTest {
  @Test
  void theTemplateIsTheWeightedMeanReNormalised() {
    float[] a = {1, 0, 0};
    float[] b = {0, 1, 0};
    float[] template = new PersonTemplate(3).add(a, 3).add(b, 1).embedding();
    double norm = Math.sqrt(9 + 1);
    assertArrayEquals(new float[] {(float) (3 / norm), (float) (1 / norm), 0}, template, 1e-6f);
  }

  @Test
  void mergingInAnyOrderGivesTheSameTemplate() {
    float[][] faces = {{1, 0, 0}, {0.6f, 0.8f, 0}, {0, 0, 1}, {0.8f, 0, 0.6f}};
    double[] weights = {0.9, 0.2, 0.5, 1};
    PersonTemplate all = new PersonTemplate(3);
    for (int i = 0; i < faces.length; i++) {
      all.add(faces[i], weights[i]);
    }
    PersonTemplate left = new PersonTemplate(3).add(faces[2], weights[2]).add(faces[0], weights[0]);
    PersonTemplate right = new PersonTemplate(3).add(faces[3], weights[3]).add(faces[1], weights[1]);
    assertArrayEquals(all.embedding(), right.merge(left).embedding(), 1e-6f);
    assertEquals(4, right.faces());
  }

  @Test
  void weightsFavourFrontalLargeConfidentFacesWithoutIgnoringAny() {
    double frontal = PersonTemplate.weight(0.95, 150, 0, 0);
    double profile = PersonTemplate.weight(0.95, 150, 70, 0);
    double small = PersonTemplate.weight(0.95, 28, 0, 0);
    assertEquals(0.95, frontal, 1e-9);
    assertTrue(profile < frontal / 2, "a profile weighs less: " + profile);
    assertEquals(0.95 * 0.25, small, 1e-9);
    assertEquals(PersonTemplate.MIN_FACTOR * PersonTemplate.MIN_FACTOR * PersonTemplate.MIN_FACTOR * PersonTemplate.MIN_FACTOR,
        PersonTemplate.weight(0, 1, 90, 90), 1e-9, "every factor has a floor");
    assertEquals(PersonTemplate.MIN_FACTOR, PersonTemplate.weight(Double.NaN, 200, 0, 0), 1e-9);
  }

  @Test
  void refusesWhatHasNoDirection() {
    assertThrows(IllegalStateException.class, () -> new PersonTemplate(2).embedding());
    PersonTemplate opposite = new PersonTemplate(2).add(new float[] {1, 0}, 1).add(new float[] {-1, 0}, 1);
    assertThrows(IllegalStateException.class, opposite::embedding);
    assertThrows(IllegalArgumentException.class, () -> new PersonTemplate(2).add(new float[] {1, 0}, 0));
    assertThrows(IllegalArgumentException.class, () -> new PersonTemplate(2).add(new float[] {1, 0, 0}, 1));
  }
}
