package fr.interrupt.meshcp.agent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.SystemConfig;
import org.junit.jupiter.api.Test;

/** OSHI is set up on the first call, not when the agent starts, and that first call still measures the CPU. */
class SystemStatusCollectorTest {
    @Test
    void firstCallReportsTheCpuUsageSinceBoot() {
        SystemStatusCollector collector = new SystemStatusCollector(SystemConfig.DEFAULT);

        SystemSnapshot first = collector.collect();

        // this JVM alone has used some CPU since boot: the first answer is a measurement, not a placeholder 0
        assertThat(first.cpu().usagePercent()).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
        assertThat(first.cpu().model()).isNotEmpty();
        assertThat(first.os()).isNotEmpty();
    }

    @Test
    void laterCallsAnswerFromTheSameProbe() {
        SystemStatusCollector collector = new SystemStatusCollector(SystemConfig.DEFAULT);

        SystemSnapshot first = collector.collect();
        SystemSnapshot second = collector.collect();

        assertThat(second.cpu().model()).isEqualTo(first.cpu().model());
        assertThat(second.kernel()).isEqualTo(first.kernel());
        assertThat(second.cpu().usagePercent()).isBetween(0.0, 100.0);
    }

    @Test
    void disabledCapabilityIsRefusedWithoutLoadingOshi() {
        SystemStatusCollector collector = new SystemStatusCollector(new SystemConfig(false));

        assertThatThrownBy(collector::collect).isInstanceOf(Refusal.class).hasMessageContaining("capabilities.system.enabled");
    }
}
