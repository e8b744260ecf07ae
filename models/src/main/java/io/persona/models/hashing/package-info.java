/**
 * Stable hashing: functions of a key alone, equal on every node and release, for the decisions
 * that must not change when a job is re-run or a node restarts (which slates are held out, which
 * negatives are kept, which users see the challenger).
 */
package io.persona.models.hashing;
