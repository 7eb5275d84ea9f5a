package fr.interrupt.meshcp.shared.text;

import fr.interrupt.meshcp.shared.DiskUse;

/** A file system's use for people, with df's figures ({@link DiskUse}): "24.3 GiB used of 100.0 GiB (26%), 70.7 GiB available". */
public final class DiskUses {
    private DiskUses() {
    }

    /** Used, size, df's Use% and available, in IEC units. */
    public static String format(DiskUse use) {
        return ByteSizes.format(use.usedBytes()) + " used of " + ByteSizes.format(use.sizeBytes()) + " (" + use.usedPercent()
                + "%), " + ByteSizes.format(use.availableBytes()) + " available";
    }
}
