package org.minitransport.tck.verify.stream;

import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.internal.ChunkedByteStream;

/** The byte-stream suite against the reference, {@code ChunkedByteStream}: the TCK dogfooded. */
class ChunkedByteStreamVerificationTest extends ByteStreamVerification {

  @Override
  protected ByteStreamFactory factory() {
    return ChunkedByteStream::new;
  }
}
