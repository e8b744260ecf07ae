package io.persona.streams.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Asks a port whether a Kafka broker answers there, with the protocol's ApiVersions request
 * (version 0). A bare TCP connect is not enough: another program may hold the port. Quiet, unlike
 * an admin client, which logs every refused connection while a broker starts.
 */
final class KafkaProbe {
  private static final short API_VERSIONS = 18;
  private static final int CORRELATION_ID = 0x7e57;

  private KafkaProbe() {}

  static boolean answers(String host, int port, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      // size, then request header v1: api key, api version, correlation id, client id (null)
      out.writeInt(2 + 2 + 4 + 2);
      out.writeShort(API_VERSIONS);
      out.writeShort(0);
      out.writeInt(CORRELATION_ID);
      out.writeShort(-1);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int size = in.readInt();
      int correlationId = in.readInt();
      short errorCode = in.readShort();
      return size > 6 && correlationId == CORRELATION_ID && errorCode == 0;
    } catch (IOException notYet) {
      return false;
    }
  }
}
