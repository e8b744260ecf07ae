/**
 * Input rules shared by every module: the one syntax of identifiers
 * ({@link io.persona.models.validation.Ids}) and {@link io.persona.models.validation.FieldError},
 * what is wrong with one field, in words a producer can act on.
 */
package io.persona.models.validation;
