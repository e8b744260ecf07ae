package io.persona.models.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model as one unit: metadata and parameter bytes in one zip ({@code metadata.json},
 * {@code parameters.bin}). The metadata holds the parameters' SHA-256, so a truncated or
 * mixed-up file is refused on load instead of serving garbage.
 */
public record ModelArtifact(ModelMetadata metadata, byte[] parameters) {
  private static final String METADATA = "metadata.json";
  private static final String PARAMETERS = "parameters.bin";
  private static final int MAX_ENTRY_BYTES = 512 << 20;

  public ModelArtifact {
    parameters = parameters.clone();
    String sha = sha256(parameters);
    if (metadata.parametersSha256() == null) {
      metadata = metadata.withParametersSha256(sha);
    } else if (!metadata.parametersSha256().equals(sha)) {
      throw new InvalidArtifactException("parameters do not match their checksum in the metadata (expected "
          + metadata.parametersSha256() + ", found " + sha + "): the artifact is corrupted");
    }
  }

  @Override
  public byte[] parameters() {
    return parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelArtifact a && metadata.equals(a.metadata) && java.util.Arrays.equals(parameters, a.parameters);
  }

  @Override
  public int hashCode() {
    return metadata.hashCode();
  }

  @Override
  public String toString() {
    return "ModelArtifact[" + metadata.kind() + " " + metadata.version() + ", " + parameters.length + " parameter bytes]";
  }

  public String version() {
    return metadata.version();
  }

  /** Refuses this model for a running feature spec with another fingerprint. */
  public void requireFeatures(String runningFingerprint) {
    if (!metadata.featureFingerprint().equals(runningFingerprint)) {
      throw new IncompatibleModelException("model " + metadata.version() + " was trained with feature spec "
          + metadata.featureSpec() + " (fingerprint " + metadata.featureFingerprint()
          + ") but this node runs fingerprint " + runningFingerprint + "; retrain it with the running spec");
    }
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(parameters.length + 4096);
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(METADATA));
      zip.write(ArtifactJson.MAPPER.writeValueAsBytes(metadata));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(PARAMETERS));
      zip.write(parameters);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  public static ModelArtifact fromBytes(byte[] bytes) {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        byte[] content = zip.readNBytes(MAX_ENTRY_BYTES + 1);
        if (content.length > MAX_ENTRY_BYTES) {
          throw new InvalidArtifactException("artifact entry " + entry.getName() + " is larger than " + MAX_ENTRY_BYTES + " bytes");
        }
        entries.put(entry.getName(), content);
      }
    } catch (ZipException e) {
      throw new InvalidArtifactException("not a model artifact (bad zip): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidArtifactException("artifact is truncated or unreadable: " + e.getMessage(), e);
    }
    if (!entries.containsKey(METADATA) || !entries.containsKey(PARAMETERS)) {
      throw new InvalidArtifactException("not a model artifact: needs " + METADATA + " and " + PARAMETERS
          + ", found " + entries.keySet());
    }
    ModelMetadata metadata;
    try {
      metadata = ArtifactJson.MAPPER.readValue(entries.get(METADATA), ModelMetadata.class);
    } catch (IOException e) {
      throw new InvalidArtifactException("artifact metadata is not valid: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
    if (metadata.format() != ModelMetadata.CURRENT_FORMAT) {
      throw new InvalidArtifactException("artifact format " + metadata.format() + " is not supported (this build reads "
          + ModelMetadata.CURRENT_FORMAT + ")");
    }
    if (metadata.parametersSha256() == null) {
      throw new InvalidArtifactException("artifact metadata has no parametersSha256");
    }
    return new ModelArtifact(metadata, entries.get(PARAMETERS));
  }

  /** Writes atomically: a reader never sees half a file. */
  public void writeTo(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temporary = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.write(temporary, toBytes());
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  public static ModelArtifact readFrom(Path file) throws IOException {
    return fromBytes(Files.readAllBytes(file));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
