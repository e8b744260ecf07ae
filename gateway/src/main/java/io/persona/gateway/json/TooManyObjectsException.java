package io.persona.gateway.json;

/** The body holds more objects than a request may carry; counted without parsing the excess. */
public final class TooManyObjectsException extends MalformedBodyException {
  private final String what;
  private final int count;
  private final int max;

  public TooManyObjectsException(String what, int count, int max) {
    super("A request may carry at most " + max + " " + what + "; this one has " + count);
    this.what = what;
    this.count = count;
    this.max = max;
  }

  /** What the objects are, plural ("events", "items"). */
  public String what() {
    return what;
  }

  public int count() {
    return count;
  }

  public int max() {
    return max;
  }
}
