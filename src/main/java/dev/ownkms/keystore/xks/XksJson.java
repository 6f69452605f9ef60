package dev.ownkms.keystore.xks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the XKS client's request and response bodies. */
final class XksJson {

  /**
   * Proxy calls run on virtual threads, one per request, so Jackson's default thread-local
   * buffer pool would allocate fresh buffers for every body (a fifth of all allocation under
   * load); a shared pool reuses them.
   */
  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
      .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build()).build();

  private XksJson() {}
}
