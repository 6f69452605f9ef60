package dev.ownkms.xksproxy;

/** The conformance cases over plain HTTP ({@code SCHEME=}). */
class XksConformanceHttpTest extends XksConformanceCases {

  @Override
  QuickStart.Options options() {
    return QuickStart.Options.http();
  }
}
