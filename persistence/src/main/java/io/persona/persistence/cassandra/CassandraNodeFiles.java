package io.persona.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a local node needs besides its jars: a minimal cassandra.yaml and a logback.xml. */
record CassandraNodeFiles(Path yaml, Path logback, Path logDir, Path console) {

  static CassandraNodeFiles write(LocalNodeSettings settings) {
    Path root = settings.dataDir();
    Path conf = root.resolve("conf");
    Path logs = root.resolve("logs");
    try {
      Files.createDirectories(conf);
      Files.createDirectories(logs);
      Path yaml = conf.resolve("cassandra.yaml");
      Files.writeString(yaml, yaml(settings));
      Path logback = conf.resolve("logback.xml");
      Files.writeString(logback, logback(logs));
      return new CassandraNodeFiles(yaml, logback, logs, logs.resolve("console.log"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Cassandra node's files under " + root, e);
    }
  }

  private static String yaml(LocalNodeSettings s) {
    // Only what differs from Cassandra's defaults or what it requires; directories default to
    // subfolders of -Dcassandra.storagedir.
    return """
        cluster_name: persona-local
        num_tokens: 16
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%1$s:%3$d"
        listen_address: %1$s
        rpc_address: %1$s
        native_transport_port: %2$d
        storage_port: %3$d
        start_native_transport: true
        auto_snapshot: false
        """.formatted(s.host(), s.nativePort(), s.storagePort());
  }

  private static String logback(Path logs) {
    return """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
            <file>%1$s/system.log</file>
            <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
              <fileNamePattern>%1$s/system.log.%%i.zip</fileNamePattern>
              <minIndex>1</minIndex>
              <maxIndex>3</maxIndex>
            </rollingPolicy>
            <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
              <maxFileSize>20MB</maxFileSize>
            </triggeringPolicy>
            <encoder><pattern>%%-5level [%%thread] %%date{ISO8601} %%F:%%L - %%msg%%n</pattern></encoder>
          </appender>
          <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
            <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>WARN</level></filter>
            <encoder><pattern>%%-5level %%date{HH:mm:ss,SSS} %%msg%%n</pattern></encoder>
          </appender>
          <root level="INFO">
            <appender-ref ref="FILE"/>
            <appender-ref ref="STDOUT"/>
          </root>
        </configuration>
        """.formatted(logs);
  }
}
