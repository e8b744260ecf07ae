package io.persona.persistence.cassandra;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Asks a port whether a CQL server answers there, with the protocol's OPTIONS request. A bare TCP
 * connect is not enough: Cassandra opens the port before it can serve, and another program may
 * hold it.
 */
final class CqlProbe {
  private static final byte PROTOCOL_V4_REQUEST = 0x04;
  private static final byte PROTOCOL_V4_RESPONSE = (byte) 0x84;
  private static final byte OPCODE_OPTIONS = 0x05;
  private static final byte OPCODE_SUPPORTED = 0x06;

  private CqlProbe() {}

  static boolean answers(String host, int port, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      // header: version, flags, stream id (2 bytes), opcode, body length (4 bytes) = 0
      out.write(new byte[] {PROTOCOL_V4_REQUEST, 0, 0, 1, OPCODE_OPTIONS, 0, 0, 0, 0});
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] header = new byte[9];
      in.readFully(header);
      return header[0] == PROTOCOL_V4_RESPONSE && header[4] == OPCODE_SUPPORTED;
    } catch (IOException notYet) {
      return false;
    }
  }
}
