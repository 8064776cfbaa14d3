package io.faceengine.query;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.image.ImageEncoder;
import io.faceengine.core.image.ImageFormat;
import io.faceengine.core.image.InvalidImageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The pictures of stored faces, read from the source image their {@code image_uri} names (any
 * Hadoop file system: local files, HDFS, s3a): a square JPEG thumbnail around the face's box, kept
 * in a cache bounded in bytes, and the source image scaled down with the box mapped onto it.
 * A source image that cannot be read is a {@link QueryException} naming the face, the URI and why.
 */
public final class FaceImages {
  public static final int DEFAULT_THUMBNAIL = 128;
  public static final int MAX_THUMBNAIL = 256;
  public static final int DEFAULT_IMAGE = 1024;
  public static final int MAX_IMAGE = 2048;
  /** Source images above this are refused before being read: a gallery photo is a few MB. */
  static final long MAX_SOURCE_BYTES = 64L << 20;
  /** The thumbnail's side is this many times the box's longer side, so the whole head shows. */
  private static final float MARGIN = 1.5f;
  private static final long CACHE_BYTES = 32L << 20;

  /** A source image scaled to fit, and the face's box in its pixels. */
  public record SourceImage(byte[] jpeg, BoundingBox box) {}

  private record ThumbnailKey(String faceId, String imageUri, int size) {}

  private final ImageDecoder decoder;
  private final Configuration hadoop = new Configuration();
  private final Cache<ThumbnailKey, byte[]> thumbnails = Caffeine.newBuilder()
      .maximumWeight(CACHE_BYTES)
      .weigher((ThumbnailKey key, byte[] jpeg) -> jpeg.length)
      .build();

  public FaceImages(ImageDecoder decoder) {
    this.decoder = decoder;
  }

  /** A {@code size} x {@code size} JPEG of the face and its surroundings. */
  public byte[] thumbnail(StoredFace face, int size) {
    checkSize(size, MAX_THUMBNAIL);
    return thumbnails.get(new ThumbnailKey(face.faceId(), face.imageUri(), size), key -> {
      try (BgrImage image = read(face)) {
        Rect crop = squareAround(face, image);
        try (Mat region = new Mat(image.mat(), crop); Mat scaled = new Mat()) {
          resize(region, scaled, new Size(size, size), 0, 0, size < crop.width() ? INTER_AREA : INTER_LINEAR);
          return jpeg(scaled, image.source());
        }
      }
    });
  }

  /** The face's source image, its longer side at most {@code maxSide} (never enlarged). */
  public SourceImage source(StoredFace face, int maxSide) {
    checkSize(maxSide, MAX_IMAGE);
    try (BgrImage image = read(face)) {
      float scale = Math.min(1f, (float) maxSide / Math.max(image.width(), image.height()));
      if (scale == 1f) {
        return new SourceImage(jpeg(image.mat(), image.source()), face.box());
      }
      int width = Math.max(1, Math.round(image.width() * scale));
      int height = Math.max(1, Math.round(image.height() * scale));
      try (Mat scaled = new Mat()) {
        resize(image.mat(), scaled, new Size(width, height), 0, 0, INTER_AREA);
        return new SourceImage(jpeg(scaled, image.source()), face.box().scaled(scale));
      }
    }
  }

  private static void checkSize(int size, int max) {
    if (size < 16 || size > max) {
      throw QueryException.badRequest("invalid_size", "size must be in [16, " + max + "], got " + size);
    }
  }

  /** The largest square of side MARGIN x the box's longer side centred on the box that fits in the image. */
  private static Rect squareAround(StoredFace face, BgrImage image) {
    BoundingBox box = face.box();
    if (box.x() >= image.width() || box.y() >= image.height() || box.x() + box.width() <= 0
        || box.y() + box.height() <= 0) {
      throw new QueryException(QueryException.Kind.SOURCE_IMAGE_UNUSABLE, "box_outside_image", "face " + face.faceId() + "'s box " + box + " lies outside its "
          + image.width() + "x" + image.height() + " source image " + face.imageUri());
    }
    int side = Math.round(Math.max(box.width(), box.height()) * MARGIN);
    side = Math.max(1, Math.min(side, Math.min(image.width(), image.height())));
    int x = clamp(Math.round(box.centerX() - side / 2f), image.width() - side);
    int y = clamp(Math.round(box.centerY() - side / 2f), image.height() - side);
    return new Rect(x, y, side, side);
  }

  private static int clamp(int value, int max) {
    return Math.max(0, Math.min(value, max));
  }

  private static byte[] jpeg(Mat pixels, String source) {
    // BgrImage closes its Mat: hand it a new header over the same pixels, not the caller's.
    try (BgrImage view = new BgrImage(new Mat(pixels), source)) {
      return ImageEncoder.encode(view, ImageFormat.JPEG);
    }
  }

  private BgrImage read(StoredFace face) {
    String uri = face.imageUri();
    if (uri == null || uri.isBlank()) {
      throw new QueryException(QueryException.Kind.SOURCE_IMAGE_MISSING, "no_source_image", "face " + face.faceId() + " was indexed without an image_uri");
    }
    try {
      Path path = pathOf(uri);
      FileSystem fs = path.getFileSystem(hadoop);
      long length = fs.getFileStatus(path).getLen();
      if (length > MAX_SOURCE_BYTES) {
        throw unreadable(face, "it has " + length + " bytes, more than the " + MAX_SOURCE_BYTES + " read for a picture");
      }
      byte[] bytes;
      try (InputStream in = fs.open(path)) {
        bytes = in.readAllBytes();
      }
      return decoder.decode(bytes, uri);
    } catch (FileNotFoundException e) {
      throw new QueryException(QueryException.Kind.SOURCE_IMAGE_MISSING, "source_image_missing", "face " + face.faceId() + "'s source image " + uri
          + " does not exist (moved or deleted since it was indexed)");
    } catch (IllegalArgumentException e) {
      throw unreadable(face, "its image_uri is not a valid URI: " + e.getMessage());
    } catch (IOException e) {
      throw unreadable(face, e.toString());
    } catch (InvalidImageException e) {
      throw unreadable(face, e.getMessage());
    }
  }

  /** The ingest stores encoded URIs (file:///a%20b.jpg); a hand-made index may hold a raw path or URI instead. */
  private static Path pathOf(String uri) {
    try {
      return new Path(new URI(uri));
    } catch (URISyntaxException e) {
      return new Path(uri);
    }
  }

  private static QueryException unreadable(StoredFace face, String reason) {
    return new QueryException(QueryException.Kind.SOURCE_IMAGE_UNUSABLE, "source_image_unreadable", "face " + face.faceId() + "'s source image "
        + face.imageUri() + " cannot be read: " + reason);
  }
}
