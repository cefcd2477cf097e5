using Mux.Platform.Native;

namespace Mux.Protocol.Records;

/// <summary>How a recorded session stands now.</summary>
public enum RecordState
{
    /// <summary>Its server still runs (the same process: pid and start time agree).</summary>
    Running,
    /// <summary>It ended normally: quit, or its last window ended.</summary>
    Ended,
    /// <summary>Its server is gone without saying so: killed (or crashed).</summary>
    ServerKilled,
    /// <summary>It was running when the machine restarted (the record's boot is not this one).</summary>
    MachineRestarted,
}

public static class RecordStates
{
    /// <summary>Judges a record by /proc and the boot id, as <c>-ls</c> judges a socket.</summary>
    public static RecordState Of(JobRecord record, string currentBootId)
    {
        if (record.Ended) return RecordState.Ended;
        if (record.BootId.Length > 0 && currentBootId.Length > 0 && record.BootId != currentBootId) return RecordState.MachineRestarted;
        bool same = ProcessStat.TryRead(record.Pid, out var process) && !process.IsGone && process.Uid == Libc.geteuid()
            && (record.StartTicks == 0 || record.StartTicks == process.StartTicks);
        return same ? RecordState.Running : RecordState.ServerKilled;
    }

    /// <summary>How a listing says it: <c>server killed</c>, <c>machine restarted</c>.</summary>
    public static string Describe(RecordState state) => state switch
    {
        RecordState.ServerKilled => "server killed",
        RecordState.MachineRestarted => "machine restarted",
        RecordState.Ended => "ended",
        _ => "running",
    };
}
