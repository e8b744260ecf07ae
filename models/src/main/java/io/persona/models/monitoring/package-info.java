/**
 * Statistics the live checks are made of: population stability of a feature or score
 * distribution, predicted against observed rate per time bucket, and Wilson intervals for the rates
 * they compare.
 */
package io.persona.models.monitoring;
