/**
 * Users and items with a known click model ({@link io.persona.models.synthetic.SyntheticWorld}),
 * for tests and benchmarks that must know the true click probability; no node uses it.
 */
package io.persona.models.synthetic;
