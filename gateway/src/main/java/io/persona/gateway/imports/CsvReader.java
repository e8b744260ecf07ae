package io.persona.gateway.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a character stream: fields separated by commas, optionally in double
 * quotes (a quote inside doubled), a quoted field may hold commas and line breaks; records end at
 * LF or CRLF. Each record knows the line it starts on (1-based), so problems are reported where an
 * editor shows them. Streams: only the current record is held.
 */
public final class CsvReader {
  /** One record and the line it starts on. */
  public record Row(long line, List<String> fields) {}

  /** A record that is not valid CSV (an unterminated quote, text after a closing quote). */
  public static final class MalformedRowException extends Exception {
    private final long line;

    MalformedRowException(long line, String message) {
      super(message);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }

  private final Reader in;
  private long line = 1;
  private int peeked = -2;

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** The next record, or null at the end; a blank line is a record with one empty field. */
  public Row next() throws IOException, MalformedRowException {
    int c = read();
    if (c == -1) {
      return null;
    }
    long start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    while (true) {
      if (quoted) {
        if (c == -1) {
          skipRecord(c);
          throw new MalformedRowException(start, "a quoted field is not closed");
        }
        if (c == '"') {
          int n = read();
          if (n == '"') {
            field.append('"');
          } else {
            quoted = false;
            afterQuote = true;
            c = n;
            continue;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == ',' ) {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
      } else if (c == '\n' || c == -1) {
        if (c == '\n') {
          line++;
        }
        fields.add(field.toString());
        return new Row(start, fields);
      } else if (c == '\r') {
        int n = read();
        if (n != '\n') {
          unread(n);
        }
        line++;
        fields.add(field.toString());
        return new Row(start, fields);
      } else if (afterQuote) {
        skipRecord(c);
        throw new MalformedRowException(start, "text after a closing quote (quote the whole field, double quotes inside)");
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else {
        field.append((char) c);
      }
      c = read();
    }
  }

  /** Skips to the end of the physical line after a malformed record, so reading can go on. */
  private void skipRecord(int c) throws IOException {
    while (c != -1 && c != '\n') {
      c = read();
    }
    if (c == '\n') {
      line++;
    }
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    peeked = c;
  }

  /** One record as CSV text (without the line break): fields quoted only where they must be. */
  public static String format(List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String field = fields.get(i) == null ? "" : fields.get(i);
      if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
        out.append('"').append(field.replace("\"", "\"\"")).append('"');
      } else {
        out.append(field);
      }
    }
    return out.toString();
  }
}
