package io.persona.persistence.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CassandraSessionsTest {
  private static DriverExecutionProfile profile(CassandraAccess access) {
    CassandraSettings settings = new CassandraSettings(CassandraSettings.parseContactPoints("127.0.0.1:9042"),
        "datacenter1", "persona", "{}", Duration.ofSeconds(5), false, ConfigFactory.empty(), access);
    return CassandraSessions.driverConfig(settings).getInitialConfig().getDefaultProfile();
  }

  @Test
  void theProjectsTablesAreReadAndWrittenAtLocalQuorumWithoutCredentialsOrTlsByDefault() {
    DriverExecutionProfile plain = profile(CassandraAccess.plain());
    assertEquals("LOCAL_QUORUM", plain.getString(DefaultDriverOption.REQUEST_CONSISTENCY));
    assertFalse(plain.isDefined(DefaultDriverOption.AUTH_PROVIDER_CLASS));
    assertFalse(plain.isDefined(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS));
  }

  @Test
  void credentialsAndTlsReachTheDriver() {
    DriverExecutionProfile secured = profile(new CassandraAccess("QUORUM", "persona", "s3cret", true,
        "/etc/persona/truststore.p12", "changeit", false));
    assertEquals("QUORUM", secured.getString(DefaultDriverOption.REQUEST_CONSISTENCY));
    assertEquals("PlainTextAuthProvider", secured.getString(DefaultDriverOption.AUTH_PROVIDER_CLASS));
    assertEquals("persona", secured.getString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME));
    assertEquals("DefaultSslEngineFactory", secured.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS));
    assertEquals("/etc/persona/truststore.p12", secured.getString(DefaultDriverOption.SSL_TRUSTSTORE_PATH));
    assertFalse(secured.getBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION));
  }

  @Test
  void thePasswordStaysOutOfTheSettingsText() {
    CassandraAccess access = new CassandraAccess("LOCAL_QUORUM", "persona", "s3cret", false, "", "", true);
    assertFalse(access.toString().contains("s3cret"), access.toString());
    assertTrue(access.toString().contains("persona"));
  }
}
