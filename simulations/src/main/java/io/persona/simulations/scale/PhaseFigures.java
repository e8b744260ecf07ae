package io.persona.simulations.scale;

import java.util.Map;

/**
 * One phase: how many nodes served the load, what each workload did, how the user shards lay over
 * the nodes when the measurement started and when it ended, and what each CPU-quota node's
 * {@code cpu.stat} counted during the phase, warm-up included (empty without quotas): the 100 ms
 * periods, how many the quota throttled, and the time throttled in ns.
 */
record PhaseFigures(int nodes, WorkloadFigures ingest, WorkloadFigures recommend,
                    Map<String, ClusterWatch.Member> membersBefore, Map<String, ClusterWatch.Member> membersAfter,
                    Map<String, Map<String, Long>> cpuStat) {}
