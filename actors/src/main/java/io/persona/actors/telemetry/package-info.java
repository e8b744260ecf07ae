/**
 * What every module's telemetry shares: {@code Quietly}, so that recording a metric can never fail
 * the work it measures. The metrics themselves live beside what they measure ({@code *Telemetry}).
 */
package io.persona.actors.telemetry;
