/**
 * A trained model as one file: {@link io.persona.models.artifact.ModelArtifact} zips the metadata
 * (kind, architecture, feature fingerprint, lineage, calibrator, held-out metrics) with the parameter
 * bytes and their SHA-256, so a truncated, corrupted or mismatched model is refused on load instead of
 * serving.
 */
package io.persona.models.artifact;
