package io.persona.models.features;

/**
 * Which side of a request a feature describes; reports and drift monitors group by it. USER and
 * CONTEXT features must not read the item: they are computed once per request and shared by all
 * its candidates.
 */
public enum FeatureGroup { USER, ITEM, CROSS, CONTEXT }
