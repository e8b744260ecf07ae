package io.persona.simulations.quality.served;

import io.persona.simulations.quality.MethodRow;
import io.persona.simulations.quality.Split;
import java.util.List;

/**
 * Everything one protocol gave: the split, what was replayed, the baselines trained offline on the
 * same training events, and the node's served lists scored as one more row per seen policy.
 *
 * @param cutMillis the temporal cut (dataset time), or -1 for leave-last-out
 * @param served    one row per seen policy, role {@link #SERVED}, then one per seen policy, role
 *                  {@link #RETRIEVAL_ORDER}, then the list asked without a seen parameter scored
 *                  under each policy, role {@link #DEFAULT_REQUEST}
 */
record ServedProtocol(String protocol, Split split, ReplayPlan plan, TimeShift shift, long cutMillis,
                      List<MethodRow> baselines, List<MethodRow> served, Replay.Result replay) {
  static final String SERVED = "served";
  static final String SERVED_LABEL = "Persona, served over HTTP";
  /** The same candidates in the retrieval-only order ({@code order=retrieval}), asked at the same moment. */
  static final String RETRIEVAL_ORDER = "served-retrieval-order";
  static final String RETRIEVAL_ORDER_LABEL = "Persona, retrieval order only";
  /** The list a client gets without a {@code seen} parameter (the node's default), asked at the same moment. */
  static final String DEFAULT_REQUEST = "served-default-request";
  static final String DEFAULT_REQUEST_LABEL = "Persona, no seen parameter";

  ServedProtocol {
    baselines = List.copyOf(baselines);
    served = List.copyOf(served);
  }

  /** Events sent live after the import. */
  long liveEvents() {
    return plan.steps().stream().filter(s -> s instanceof ReplayStep.Post)
        .mapToLong(s -> ((ReplayStep.Post) s).events().length).sum();
  }
}
