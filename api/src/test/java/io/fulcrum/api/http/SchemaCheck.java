package io.fulcrum.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks a JSON value against the subset of OpenAPI 3.0 schema keywords the Fulcrum document uses
 * ($ref, allOf, type, nullable, required, properties, additionalProperties, items, enum, minimum,
 * maximum), so tests can prove responses match the document.
 */
final class SchemaCheck {
  private final JsonNode root;
  final List<String> errors = new ArrayList<>();

  SchemaCheck(JsonNode root) {
    this.root = root;
  }

  static List<String> check(JsonNode root, JsonNode schema, JsonNode value) {
    SchemaCheck c = new SchemaCheck(root);
    c.validate(schema, value, "$");
    return c.errors;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      schema = root.at(ref.substring(1));
    }
    return schema;
  }

  void validate(JsonNode schema, JsonNode value, String at) {
    schema = resolve(schema);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(at + ": null but not nullable");
      }
      return;
    }
    if (schema.has("allOf")) {
      for (JsonNode s : schema.get("allOf")) {
        validate(s, value, at);
      }
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> object(schema, value, at);
      case "array" -> {
        if (!value.isArray()) {
          errors.add(at + ": not an array");
        } else if (schema.has("items")) {
          for (int i = 0; i < value.size(); i++) {
            validate(schema.get("items"), value.get(i), at + "[" + i + "]");
          }
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          errors.add(at + ": not a string");
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          errors.add(at + ": not an integer");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          errors.add(at + ": not a number");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          errors.add(at + ": not a boolean");
        }
      }
      default -> {}
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        errors.add(at + ": " + value + " not in " + schema.get("enum"));
      }
    }
    if (value.isNumber()
        && schema.has("minimum")
        && value.asDouble() < schema.get("minimum").asDouble()) {
      errors.add(at + ": below minimum");
    }
    if (value.isNumber()
        && schema.has("maximum")
        && value.asDouble() > schema.get("maximum").asDouble()) {
      errors.add(at + ": above maximum");
    }
  }

  private void object(JsonNode schema, JsonNode value, String at) {
    if (!value.isObject()) {
      errors.add(at + ": not an object");
      return;
    }
    for (JsonNode r : schema.path("required")) {
      if (!value.has(r.asText())) {
        errors.add(at + ": missing required " + r.asText());
      }
    }
    JsonNode props = schema.path("properties");
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (props.has(f)) {
        validate(props.get(f), value.get(f), at + "." + f);
      } else if (schema.has("additionalProperties")
          && !schema.get("additionalProperties").asBoolean(true)) {
        errors.add(at + ": undocumented property " + f);
      }
    }
  }
}
