package fr.interrupt.meshcp.hub.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import org.junit.jupiter.api.Test;

class JobRefTest {

    @Test
    void machineAndIdReadAndPrintBackTheSame() {
        JobRef ref = JobRef.parse("web-1:3f9a0c12ab34");
        assertThat(ref.machine()).isEqualTo("web-1");
        assertThat(ref.id()).isEqualTo("3f9a0c12ab34");
        assertThat(ref).hasToString("web-1:3f9a0c12ab34");
        assertThat(JobRef.parse(" WEB-1:3F9A0C12AB34 ".toLowerCase()).qualified()).isTrue();
    }

    @Test
    void anIdAloneIsUnqualified() {
        JobRef ref = JobRef.parse("3f9a0c12ab34");
        assertThat(ref.qualified()).isFalse();
        assertThat(ref.on("db").toString()).isEqualTo("db:3f9a0c12ab34");
    }

    @Test
    void hostileOrMalformedIdsAreRefusedWithASentence() {
        for (String bad : new String[] {"web-1:../../etc", "web-1:3f9a", "Web_1:3f9a0c12ab34", "", "x:y:z"}) {
            assertThatThrownBy(() -> JobRef.parse(bad)).as(bad).isInstanceOf(MeshcpException.class)
                    .satisfies(e -> assertThat(((MeshcpException) e).kind()).isEqualTo(MeshcpException.Kind.INVALID_INPUT))
                    .hasMessageNotContaining("\n");
        }
    }
}
