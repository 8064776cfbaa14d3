package io.faceengine.ingest.spark;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The one spelling of an image's location, {@code image_uri}: a URI string percent-encoded as
 * Hadoop's {@link Path#toUri()} writes it (a space is {@code %20}, {@code #} is {@code %23}, a
 * literal {@code %} is {@code %25}), local files as {@code file:///abs/path}. Read back with
 * {@link #path(String)}, it names the same file, whatever characters its name holds. A plain
 * {@code Path(String)} would not: it takes {@code %20} literally and a colon for a scheme.
 */
public final class ImageUris {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  private ImageUris() {}

  /** The canonical form of a Hadoop path (what the listing found). */
  public static String of(Path path) {
    String uri = path.toUri().toString();
    // Hadoop writes a local path as file:/abs or file:///abs depending on where it came from.
    return uri.startsWith("file:/") && !uri.startsWith("file://") ? "file://" + uri.substring(5) : uri;
  }

  /**
   * The canonical form of an entry of a list or a labels file: an absolute local path, taken
   * literally whatever it holds, or a URI, percent-encoded as above. An entry that is neither is
   * kept as given; reading it reports why.
   */
  public static String canonical(String entry) {
    if (entry == null) {
      return null;
    }
    if (!SCHEME.matcher(entry).lookingAt()) {
      return local(Paths.get(entry).toAbsolutePath().toString());
    }
    try {
      return of(new Path(new URI(entry)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      // file:/a b.jpg, unencoded: a local path all the same.
      return entry.startsWith("file:/") ? local(entry.substring("file:".length()).replaceFirst("^/+", "/")) : entry;
    }
  }

  /** The Hadoop path an {@code image_uri} names. */
  public static Path path(String imageUri) {
    try {
      return new Path(new URI(imageUri));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(imageUri + ": not a valid URI (" + e.getReason() + ")", e);
    }
  }

  /** The name of the folder holding the image, decoded (the label of LFW-style layouts). */
  public static String parentName(String imageUri) {
    Path parent = path(imageUri).getParent();
    return parent == null ? null : parent.getName();
  }

  /** The canonical form of an absolute local path. */
  static String local(String absolutePath) {
    try {
      return of(new Path(new URI("file", "", absolutePath, null, null)));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(absolutePath + ": cannot be written as a file URI: " + e.getReason(), e);
    }
  }
}
