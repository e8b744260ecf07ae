package io.persona.models.history;

/**
 * One value the source-settings search tried ({@link BlendTuning}) against the setting it would
 * replace, and the verdict: adopted only with a higher score and a significant paired gain. Logged
 * by the trainer, so an operator can see why a setting was kept (a gain too small to trust) or
 * changed.
 *
 * @param setting      what was tried: {@code seeds}, {@code seedDecay}, {@code popularityHalfLife},
 *                     {@code window}, {@code damping}, {@code backward} or {@code pairHalfLife}
 * @param tried        the value tried, as text
 * @param current      the value it would replace, as text
 * @param score        the tried value's mean HR@10 of both seen modes over the hold-outs, each with
 *                     its own best shares
 * @param currentScore the current value's
 * @param gained       held-out users (per hold-out, both modes together) hit more often with it
 * @param lost         those hit less often
 * @param neededZ      the sign test's z a gain had to reach: higher the more values the setting
 *                     has to try ({@link SourceSearch#neededZ})
 * @param adopted      whether it replaced the current value
 */
public record SettingVerdict(String setting, String tried, String current, double score, double currentScore,
                             int gained, int lost, double neededZ, boolean adopted) {

  /** The sign test's z: (gained - lost) / sqrt(gained + lost); 0 when no user differs. */
  public double z() {
    return gained + lost == 0 ? 0 : (gained - lost) / Math.sqrt(gained + lost);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%s %s vs %s: HR@10 %.4f vs %.4f, users +%d -%d (z %.2f, needed %.2f), %s",
        setting, tried, current, score, currentScore, gained, lost, z(), neededZ,
        adopted ? "adopted" : "kept " + current);
  }
}
