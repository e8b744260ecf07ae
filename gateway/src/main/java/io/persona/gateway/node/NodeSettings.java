package io.persona.gateway.node;

import io.persona.actors.node.RankingConfig;
import com.typesafe.config.Config;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.actors.slate.SlateLogWriterSettings;
import io.persona.actors.user.UserEntitySettings;
import io.persona.gateway.auth.AuthSettings;
import io.persona.gateway.http.AdminSettings;
import io.persona.gateway.http.GatewaySettings;
import io.persona.models.ranking.training.RankingSettings;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.streams.ingest.ImportSettings;
import io.persona.streams.ingest.IngestSettings;
import io.persona.streams.kafka.KafkaIngestSettings;
import io.persona.streams.learning.HistorySettings;
import io.persona.streams.learning.LearningSettings;

/**
 * Every component's settings, read from the configuration once, before anything starts: a bad
 * setting stops the node before it touches Cassandra or the cluster.
 */
record NodeSettings(
    CassandraSettings cassandra,
    boolean management,
    UserEntitySettings users,
    Catalog.Settings catalog,
    IngestSettings ingest,
    ImportSettings imports,
    Signals.Settings signals,
    RankingSettings ranking,
    Ranking.Settings serving,
    RecommendSettings recommend,
    TimeLogSettings slateStore,
    SlateLogWriterSettings slateLog,
    LearningSettings learning,
    TimeLogSettings learningStore,
    HistorySettings history,
    GatewaySettings gateway,
    AdminSettings admin,
    AuthSettings auth,
    UserDeletions.Settings deletions,
    ShutdownSettings shutdown,
    KafkaIngestSettings kafka) {

  static NodeSettings fromConfig(Config config) {
    RankingSettings ranking = RankingConfig.read(config.getConfig("persona.ranking"));
    RecommendSettings recommend = RecommendSettings.fromConfig(config);
    LearningSettings learning = LearningSettings.fromConfig(config);
    return new NodeSettings(
        CassandraSettings.fromConfig(config),
        config.getBoolean("persona.management.enabled"),
        UserEntitySettings.fromConfig(config),
        Catalog.Settings.fromConfig(config),
        IngestSettings.fromConfig(config),
        ImportSettings.fromConfig(config),
        Signals.Settings.fromConfig(config),
        ranking,
        new Ranking.Settings(recommend.modelFile(), recommend.variant(), learning.challengerShare(),
            learning.championPoll(), recommend.popularityRefresh(), ranking.features().ctrPrior(),
            ranking.features().ctrPriorStrength()),
        recommend,
        TimeLogSettings.fromConfig(config, "persona.prediction-log"),
        SlateLogWriterSettings.fromConfig(config),
        learning,
        TimeLogSettings.fromConfig(config, "persona.learning.store"),
        HistorySettings.fromConfig(config),
        GatewaySettings.fromConfig(config),
        AdminSettings.fromConfig(config),
        AuthSettings.fromConfig(config),
        UserDeletions.Settings.fromConfig(config),
        ShutdownSettings.fromConfig(config),
        KafkaIngestSettings.fromConfig(config));
  }
}
