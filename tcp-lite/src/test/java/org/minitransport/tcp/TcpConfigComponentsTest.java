package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.MinimalCongestionControl;
import org.minitransport.tcp.component.MinimalReassembler;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.component.ReferenceCongestionControl;

/** TcpConfig's component factories: reference by default, kept as set, followed by toBuilder. */
class TcpConfigComponentsTest {

  @Test
  void defaultsAreTheReferenceWithTheConfiguredAlgorithm() {
    ComponentFactories components = TcpConfig.defaults().components();
    assertTrue(ComponentFactories.isReference(components.byteStream()));
    assertTrue(ComponentFactories.isReference(components.reassembler()));
    assertTrue(ComponentFactories.isReference(components.receiver()));
    assertTrue(ComponentFactories.isReference(components.sender()));
    assertTrue(ComponentFactories.isReference(components.rttEstimator()));
    assertEquals(new ReferenceCongestionControl(TcpConfig.CongestionAlgorithm.CUBIC, true),
        components.congestionControl());
    TcpConfig reno = TcpConfig.builder()
        .congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO).build();
    assertEquals(new ReferenceCongestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO, true),
        reno.components().congestionControl());
  }

  @Test
  void aFactorySetOnTheBuilderIsTheOneUsedAndSurvivesToBuilder() {
    ReassemblerFactory reassembler = MinimalReassembler::new;
    CongestionControlFactory congestion = (smss, rtt) -> new MinimalCongestionControl(smss);
    TcpConfig config = TcpConfig.builder().reassembler(reassembler)
        .congestionControl(congestion).build();
    assertSame(reassembler, config.components().reassembler());
    assertSame(congestion, config.components().congestionControl());
    TcpConfig copy = config.toBuilder().congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO)
        .build();
    assertSame(reassembler, copy.components().reassembler());
    assertSame(congestion, copy.components().congestionControl(),
        "an explicit controller is not replaced by a change of the reference's algorithm");
  }

  @Test
  void theReferenceControllerFollowsTheAlgorithmThroughToBuilder() {
    TcpConfig copy = TcpConfig.defaults().toBuilder()
        .congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO).build();
    assertEquals(new ReferenceCongestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO, true),
        copy.components().congestionControl());
  }

  @Test
  void aReferenceControllerSetExplicitlyWithOtherSettingsSurvivesToBuilder() {
    ReferenceCongestionControl renoWithoutHyStart =
        new ReferenceCongestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO, false);
    TcpConfig config = TcpConfig.builder().congestionControl(renoWithoutHyStart).build();
    assertEquals(renoWithoutHyStart, config.toBuilder().build().components().congestionControl());
  }

  @Test
  void nullFactoriesAreRefusedWithTheirName() {
    assertThrows(NullPointerException.class,
        () -> TcpConfig.builder().reassembler(null).build());
    assertThrows(IllegalArgumentException.class,
        () -> TcpConfig.builder().congestionControl((CongestionControlFactory) null));
  }
}
