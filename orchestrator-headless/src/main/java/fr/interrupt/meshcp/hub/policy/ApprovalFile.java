package fr.interrupt.meshcp.hub.policy;

import java.util.List;

/** The content of approvals.json. */
public record ApprovalFile(int version, List<Approval> approvals) {
    public ApprovalFile {
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    public static ApprovalFile empty() {
        return new ApprovalFile(1, List.of());
    }
}
