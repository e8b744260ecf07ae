/**
 * The serving benchmark's data and report: the catalog and users it seeds over HTTP, the DCN it
 * ranks with, and the results file that gathers the Gatling simulations' figures (the simulations
 * themselves are under src/test).
 */
package io.persona.simulations.serving;
