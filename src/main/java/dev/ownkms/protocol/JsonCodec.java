package dev.ownkms.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.ownkms.error.KmsException.SerializationException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * AWS JSON 1.1 bodies: PascalCase members, absent and {@code null} members alike, unknown members
 * ignored (newer SDKs send members an older server does not know), and no type coercion — a
 * string where the model has an integer is a {@code SerializationException}, as AWS answers it.
 */
public final class JsonCodec {

  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final ObjectMapper mapper;

  public JsonCodec() {
    // Blocking operations write their answers on virtual threads, one per request: Jackson's
    // default thread-local buffer pool would allocate fresh buffers for each of them.
    JsonFactory factory = JsonFactory.builder()
        .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    JsonMapper built = JsonMapper.builder(factory)
        .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
    for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer,
        LogicalType.Boolean, LogicalType.Float}) {
      built.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    this.mapper = built;
  }

  /** Reads a request body into its shape; an empty body is the empty object SDKs also send. */
  public <T> T read(byte[] body, Class<T> type) {
    byte[] json = body.length == 0 ? EMPTY_OBJECT : body;
    try {
      T value = mapper.readValue(json, type);
      return value != null ? value : mapper.readValue(EMPTY_OBJECT, type);
    } catch (JsonMappingException e) {
      throw new SerializationException(describe(e));
    } catch (JsonProcessingException e) {
      throw new SerializationException("The request body is not valid JSON.");
    } catch (IOException e) {
      throw new SerializationException("The request body could not be read.");
    }
  }

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** Names the member whose JSON type is wrong, without Java class names. */
  private static String describe(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
    if (path.isEmpty()) {
      return "The request body must be a JSON object.";
    }
    return "Unexpected JSON value type for member '" + path.replace(".[", "[") + "'.";
  }
}
