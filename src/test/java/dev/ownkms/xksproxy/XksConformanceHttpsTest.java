package dev.ownkms.xksproxy;

/** The conformance cases over HTTPS with a certificate from a private CA the client trusts. */
class XksConformanceHttpsTest extends XksConformanceCases {

  @Override
  QuickStart.Options options() {
    return QuickStart.Options.https();
  }
}
