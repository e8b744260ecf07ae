/**
 * The one definition of model input, used by serving and by training alike:
 * {@link io.persona.models.features.StandardFeatures} declares the features,
 * {@link io.persona.models.features.FeatureSpec} encodes a profile, an item and a request into dense
 * columns and hashed sparse ids, and its fingerprint ties every model to the spec it was trained with.
 */
package io.persona.models.features;
