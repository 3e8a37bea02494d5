package org.minitransport.tck.scenario;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.ReferenceCongestionControl;

/**
 * Scenarios as JSON, with Gson: every component of the scenario record, nested records included
 * ({@code LinkConfig}, {@code TcpConfig}, …), by its name, so a new field of a config is in the
 * JSON at once. A file names the scenario's class ({@code "type"}), so any {@link Scenario}
 * record on the class path can be read back; other top-level fields (the property, the seed, the
 * violations) are for the person reading it and ignored when reading.
 *
 * <pre>{@code
 * {
 *   "type": "org.minitransport.tck.scenario.TcpScenario",
 *   "scenario": { "seed": 42, "clientToServer": { "lossProbability": 0.1, ... }, ... }
 * }
 * }</pre>
 *
 * Doubles and longs round-trip exactly, so a scenario read back runs exactly as the one written.
 *
 * <p>A {@code TcpConfig}'s component factories ({@link ComponentFactories}) are code, not data:
 * the reference ones are written as {@code "reference"} (the reference congestion control with
 * its algorithm and HyStart++ flag) and read back as such; any other is written by its class
 * name and read back by loading that class and calling its public no-argument constructor, so a
 * student's factory replays when its classes are on the class path (a lambda, or a factory with
 * state, cannot be: replay it from the test that plugs it in).
 */
public final class ScenarioJson {

  private static final String REFERENCE = "reference";
  private static final Gson PLAIN = new Gson();
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .registerTypeAdapter(ComponentFactories.class,
          (JsonSerializer<ComponentFactories>) (factories, type, context) -> componentsJson(
              factories))
      .registerTypeAdapter(ComponentFactories.class,
          (JsonDeserializer<ComponentFactories>) (json, type, context) -> components(json))
      .create();

  private static JsonObject componentsJson(ComponentFactories factories) {
    JsonObject json = new JsonObject();
    json.add("byteStream", factoryJson(factories.byteStream()));
    json.add("reassembler", factoryJson(factories.reassembler()));
    json.add("receiver", factoryJson(factories.receiver()));
    json.add("sender", factoryJson(factories.sender()));
    json.add("rttEstimator", factoryJson(factories.rttEstimator()));
    json.add("congestionControl", factories.congestionControl()
        instanceof ReferenceCongestionControl reference
            ? PLAIN.toJsonTree(reference) : factoryJson(factories.congestionControl()));
    return json;
  }

  private static JsonElement factoryJson(Object factory) {
    return new JsonPrimitive(ComponentFactories.isReference(factory) ? REFERENCE
        : factory.getClass().getName());
  }

  private static ComponentFactories components(JsonElement json) {
    JsonObject object = json.getAsJsonObject();
    ComponentFactories reference = ComponentFactories.reference();
    JsonElement congestion = object.get("congestionControl");
    CongestionControlFactory congestionControl = congestion != null && congestion.isJsonObject()
        ? PLAIN.fromJson(congestion, ReferenceCongestionControl.class)
        : factory(object, "congestionControl", CongestionControlFactory.class,
            reference.congestionControl());
    return new ComponentFactories(
        factory(object, "byteStream", ByteStreamFactory.class, reference.byteStream()),
        factory(object, "reassembler", ReassemblerFactory.class, reference.reassembler()),
        factory(object, "receiver", TcpReceiverFactory.class, reference.receiver()),
        factory(object, "sender", TcpSenderFactory.class, reference.sender()),
        factory(object, "rttEstimator", RttEstimatorFactory.class, reference.rttEstimator()),
        congestionControl);
  }

  /**
   * The factory a file names: {@code "reference"}, or the name of a class on the class path that
   * implements {@code type} and has a public no-argument constructor (a student's factory, as
   * {@code --component} takes it).
   */
  private static <T> T factory(JsonObject object, String name, Class<T> type, T reference) {
    JsonElement value = object.get(name);
    if (value == null || !value.isJsonPrimitive()) {
      throw new JsonParseException("component factory " + name + " = " + value
          + ": expected \"" + REFERENCE + "\" or a class name");
    }
    String className = value.getAsString();
    if (REFERENCE.equals(className)) {
      return reference;
    }
    if (className.contains("$$Lambda")) {
      throw new JsonParseException("component factory " + name + " = " + className
          + " is a lambda, which cannot be created from a file (it needs a public no-argument"
          + " constructor): replay the file from the test that plugs it in");
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Class<?> found;
    try {
      found = Class.forName(className, true,
          loader != null ? loader : ScenarioJson.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new JsonParseException("component factory " + name + " = " + className
          + " is not on the class path: put the folder or jar holding it on -cp (java -cp "
          + "minitransport.jar:YOUR_CLASSES org.minitransport.demo.Minitransport scenario replay "
          + "...), or replay the file from the test that plugs it in");
    }
    if (!type.isAssignableFrom(found)) {
      throw new JsonParseException("component factory " + name + " = " + className
          + " does not implement " + type.getName());
    }
    try {
      return type.cast(found.getConstructor().newInstance());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new JsonParseException("component factory " + name + " = " + className
          + " cannot be created from a file (it needs a public no-argument constructor; a lambda"
          + " or a factory holding state can only be replayed from the test that plugs it in): "
          + e);
    }
  }

  private ScenarioJson() {}

  /** The scenario alone, as JSON. */
  public static String toJson(Scenario<?> scenario) {
    return GSON.toJson(document(scenario, Map.of()));
  }

  /** A document naming the scenario's type, with {@code extra} top-level fields before it. */
  public static JsonObject document(Scenario<?> scenario, Map<String, ?> extra) {
    Objects.requireNonNull(scenario, "scenario");
    JsonObject document = new JsonObject();
    document.addProperty("type", scenario.getClass().getName());
    extra.forEach((name, value) -> document.add(name, GSON.toJsonTree(value)));
    document.add("scenario", GSON.toJsonTree(scenario));
    return document;
  }

  /** Writes {@link #document} to {@code file}, creating its folder. */
  public static void write(Path file, Scenario<?> scenario, Map<String, ?> extra)
      throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Files.writeString(file, GSON.toJson(document(scenario, extra)) + "\n",
        StandardCharsets.UTF_8);
  }

  /**
   * Reads a scenario back.
   *
   * @throws IllegalArgumentException naming the problem if the text is not such a document, its
   *     type is not a {@link Scenario} record on the class path, or a value breaks its record's
   *     rules
   */
  public static Scenario<?> fromJson(String json) {
    JsonObject document;
    try {
      JsonElement parsed = GSON.fromJson(json, JsonElement.class);
      if (parsed == null || !parsed.isJsonObject()) {
        throw new IllegalArgumentException("a scenario file is a JSON object with \"type\" and "
            + "\"scenario\"");
      }
      document = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (!document.has("type") || !document.has("scenario")) {
      throw new IllegalArgumentException("a scenario file needs \"type\" and \"scenario\"; it has "
          + document.keySet());
    }
    String type = document.get("type").getAsString();
    Class<?> kind;
    try {
      kind = Class.forName(type);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("scenario type " + type + " is not on the class path", e);
    }
    if (!kind.isRecord() || !Scenario.class.isAssignableFrom(kind)) {
      throw new IllegalArgumentException("scenario type " + type
          + " is not a record implementing " + Scenario.class.getName());
    }
    try {
      return (Scenario<?>) GSON.fromJson(document.get("scenario"), kind);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause(); // Gson wraps the record's own complaint, which names the value
      }
      throw new IllegalArgumentException("the scenario in the file is not a valid " + type + ": "
          + cause.getMessage(), e);
    }
  }

  /** Reads a scenario file. */
  public static Scenario<?> read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }
}
