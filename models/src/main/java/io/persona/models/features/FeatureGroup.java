package io.persona.models.features;

/** Which side of a request a feature describes; reports and drift monitors group by it. */
public enum FeatureGroup { USER, ITEM, CROSS, CONTEXT }
