package dev.streamgate.dialect;

import dev.streamgate.GatewayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One JSON object of a request, read strictly: each getter returns null for a field that is absent or
 * null, the value when it has the type and range asked for, and otherwise refuses the request with a
 * 400 that names the field by its path ({@code messages[2].content[0].image_url.url}) and says what it
 * must be. A dialect reads every field it knows through here and refuses the others ({@link #only}),
 * so nothing a client sends is dropped unseen.
 */
public final class RequestFields {

  private final JsonObject json;
  private final String prefix;

  private RequestFields(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  /** A request body's top level. */
  public static RequestFields of(JsonObject body) {
    return new RequestFields(body, "");
  }

  /** The object at {@code path} (as named in errors), which the caller has checked is one. */
  public static RequestFields at(JsonObject json, String path) {
    return new RequestFields(json, path + ".");
  }

  /** The object {@code list[index]}, named {@code path[index]} in errors; a 400 naming it when it is not an object. */
  public static RequestFields element(JsonArray list, int index, String path) {
    String at = path + "[" + index + "]";
    if (!(list.getValue(index) instanceof JsonObject element)) {
      throw GatewayException.invalid(at, "'" + at + "' must be an object");
    }
    return at(element, at);
  }

  public JsonObject json() {
    return json;
  }

  /** The path of {@code field} in this request, as errors name it. */
  public String path(String field) {
    return prefix + field;
  }

  /** A 400 naming {@code field}: "'temperature' must be …". */
  public GatewayException invalid(String field, String mustBe) {
    return GatewayException.invalid(path(field), "'" + path(field) + "' " + mustBe);
  }

  /** Refuses any field not in {@code known}, naming them all; one that is null asks nothing and passes. */
  public RequestFields only(Set<String> known) {
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(known);
    unknown.removeIf(field -> json.getValue(field) == null);
    if (!unknown.isEmpty()) {
      String names = String.join("', '", unknown.stream().map(this::path).toList());
      throw GatewayException.invalid(path(unknown.iterator().next()), "Unrecognized request argument"
          + (unknown.size() > 1 ? "s" : "") + " supplied: '" + names + "'");
    }
    return this;
  }

  /** True when the field is present and not null. */
  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  public String string(String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw invalid(field, "must be a string");
    }
    return (String) value;
  }

  public String requiredString(String field) {
    String value = string(field);
    if (value == null || value.isEmpty()) {
      throw invalid(field, "is required: a non-empty string");
    }
    return value;
  }

  /** A string that is one of {@code values}. */
  public String oneOf(String field, List<String> values) {
    String value = string(field);
    if (value != null && !values.contains(value)) {
      throw invalid(field, "must be one of '" + String.join("', '", values) + "', not '" + value + "'");
    }
    return value;
  }

  public Boolean bool(String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw invalid(field, "must be true or false");
    }
    return (Boolean) value;
  }

  /** A number from {@code min} to {@code max}, both included. */
  public Double number(String field, double min, double max) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || !(number.doubleValue() >= min && number.doubleValue() <= max)) {
      throw invalid(field, "must be a number from " + plain(min) + " to " + plain(max) + ", not " + value);
    }
    return number.doubleValue();
  }

  /** A whole number from {@code min} to {@code max}, both included. */
  public Long integer(String field, long min, long max) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw invalid(field, "must be a whole number from " + min + " to " + max + ", not " + value);
    }
    return ((Number) value).longValue();
  }

  /** A whole number from {@code min} to {@code max} that fits an int. */
  public Integer smallInteger(String field, int min, int max) {
    Long value = integer(field, min, max);
    return value == null ? null : value.intValue();
  }

  public JsonObject object(String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      throw invalid(field, "must be an object");
    }
    return (JsonObject) value;
  }

  /** The object at {@code field}, to read in turn; null when absent. */
  public RequestFields fields(String field) {
    JsonObject value = object(field);
    return value == null ? null : new RequestFields(value, path(field) + ".");
  }

  public JsonArray array(String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonArray)) {
      throw invalid(field, "must be an array");
    }
    return (JsonArray) value;
  }

  /** Reads each object of the array {@code field} in order (a 400 names one that is not); none when it is absent. */
  public void each(String field, Consumer<RequestFields> reader) {
    JsonArray list = array(field);
    for (int i = 0; list != null && i < list.size(); i++) {
      reader.accept(element(list, i, path(field)));
    }
  }

  private static String plain(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }
}
