package io.faceengine.ingest.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.spark.SparkJobTestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input listing on a real local Spark session and local disk: every file the glob names, nothing hidden. */
class InputListingTest extends SparkJobTestCase {
  private static final String GLOB = "*.{jpg,JPG}";

  @TempDir Path dir;

  @Test
  void listsNamesStartingWithUnderscoreOrDotAndEverythingInSuchFolders() throws IOException {
    Set<Path> images = new TreeSet<>();
    for (String name : List.of("Ariel_Sharon/_DSC0001.JPG", "Ariel_Sharon/.face.jpg", "Ariel_Sharon/face.jpg",
        "_raw/face.jpg", ".thumbnails/face.jpg", "_temporary/0/face.jpg", ".a/_b/.c/face.jpg",
        "album.jpg/face.jpg")) {
      images.add(write(name));
    }
    // Spark's and Hadoop's bookkeeping, and other files: never matched by an image glob, so never listed.
    for (String name : List.of("_SUCCESS", "._SUCCESS.crc", "Ariel_Sharon/.face.jpg.crc", "notes.txt", "_raw/.DS_Store")) {
      write(name);
    }

    assertEquals(images, listed(dir.toString()));
  }

  @Test
  void anInputThatIsAFileOrAGlobOfFoldersListsWhatItNames() throws IOException {
    Path a = write("2024-01/a.jpg");
    Path b = write("2024-02/_b.jpg");
    write("2023-12/c.jpg");
    write("2024-01/d.png");

    assertEquals(Set.of(a), listed(a.toString()));
    assertEquals(Set.of(a, b), listed(dir.resolve("2024-*").toString()));
    assertEquals(Set.of(a, b), listed(dir.resolve("2024-*").toUri().toString()));
  }

  @Test
  void anyHadoopFileSystemIsListedWithNothingHidden() throws IOException {
    // viewfs: a real Hadoop file system other than the local one (a client-side mount table), so the
    // listing goes through FileSystem.listFiles as on HDFS and S3A.
    spark.sparkContext().hadoopConfiguration().set("fs.viewfs.mounttable.photos.link./data", dir.toUri().toString());
    write("_raw/_DSC0001.JPG");
    write(".thumbnails/.face.jpg");
    write("people/face.jpg");
    write("_SUCCESS");

    Set<String> uris = new TreeSet<>();
    for (Row row : InputListing.list(spark, List.of("viewfs://photos/data"), Optional.empty(), GLOB).collectAsList()) {
      uris.add(row.getString(0));
    }
    assertEquals(Set.of("viewfs://photos/data/_raw/_DSC0001.JPG", "viewfs://photos/data/.thumbnails/.face.jpg",
        "viewfs://photos/data/people/face.jpg"), uris);
  }

  @Test
  void linksToFoldersAreFollowedAndALinkBackUpIsNotWalkedAgain() throws IOException {
    Path a = write("people/a.jpg");
    Path elsewhere = write("elsewhere/b.jpg").getParent();
    Files.createSymbolicLink(dir.resolve("people/more"), elsewhere);
    Files.createSymbolicLink(dir.resolve("people/up"), dir.resolve("people"));
    Path dangling = Files.createSymbolicLink(dir.resolve("people/gone.jpg"), dir.resolve("missing.jpg"));

    // The dangling link is listed, to become an error row when read.
    assertEquals(Set.of(a, dir.resolve("people/more/b.jpg"), dangling), listed(dir.resolve("people").toString()));
  }

  @Test
  void aMissingInputFailsNamingIt() {
    String missing = dir.resolve("no-such-folder").toString();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> listed(missing));
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("no such file"), e.getMessage());
  }

  private Set<Path> listed(String input) {
    Set<Path> files = new TreeSet<>();
    for (Row row : InputListing.list(spark, List.of(input), Optional.empty(), GLOB).collectAsList()) {
      files.add(Path.of(ImageUris.path(row.getString(0)).toUri().getPath()));
    }
    return files;
  }

  private Path write(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, new byte[] {1});
  }
}
