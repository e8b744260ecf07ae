package io.persona.simulations.scale;

import java.util.Map;

/**
 * One phase: how many nodes served the load, what each workload did, and how the user shards lay
 * over the nodes when the measurement started and when it ended.
 */
record PhaseFigures(int nodes, WorkloadFigures ingest, WorkloadFigures recommend,
                    Map<String, ClusterWatch.Member> membersBefore, Map<String, ClusterWatch.Member> membersAfter) {}
