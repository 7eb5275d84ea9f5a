package fr.interrupt.meshcp.hub.policy;

/** What an MCP tool call does to a machine, as far as the hub's policy is concerned. */
public enum ToolAccess {
    /** Reads: ping, system_status, read_file, list_files, job reads. Allowed in every mode (within allowed_paths). */
    READ,
    /** Runs a command (exec, exec_many). Refused in read-only; waits for a person in ask. */
    RUN,
    /** Changes a file (write_file, edit_file). Refused in read-only; waits for a person in ask. */
    WRITE,
    /** Stops a running job (job_cancel). Refused in read-only; never waits in ask (stopping runs nothing new). */
    STOP
}
