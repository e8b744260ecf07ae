package io.persona.models.ranking.training;

import io.persona.models.features.StandardFeatures;
import io.persona.models.ranking.network.DcnV2Architecture;

/**
 * What the ranker is made of: the feature definition's settings, the DCN-v2 architecture, and how
 * it is fitted. Read from {@code persona.ranking} by {@code actors.node.RankingConfig}.
 */
public record RankingSettings(StandardFeatures.Settings features, DcnV2Architecture dcn, FittingSettings fitting) {}
