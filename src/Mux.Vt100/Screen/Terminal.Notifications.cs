using System.Text;
using Mux.Vt100.Text;

namespace Mux.Vt100;

/// <summary>
/// A desktop notification: a program's OSC 9 (iTerm2: <c>9 ; text</c>), OSC 777 (urxvt: <c>777 ; notify ; title ;
/// body</c>) or OSC 99 (kitty: <c>99 ; metadata ; payload</c>), or one mux raises itself. <see cref="Payload"/> is
/// what follows the command number, already free of control characters, so <see cref="Encode"/> can hand it on to
/// another terminal as it came.
/// </summary>
public sealed record DesktopNotification(int Command, string Payload)
{
    /// <summary>The longest payload kept (UTF-16 units); the rest is cut off.</summary>
    public const int MaxPayload = 1024;

    /// <summary>The sequence for a terminal, string terminator and all.</summary>
    public byte[] Encode() => Encoding.UTF8.GetBytes($"\e]{Command};{Payload}\e\\");

    /// <summary>A notification of mux's own: OSC 9 (<c>title: body</c>) or OSC 777 (<c>notify;title;body</c>).</summary>
    public static DesktopNotification Of(int command, string title, string body) => command == 777
        ? new(777, Clean($"notify;{Clean(title).Replace(';', ',')};{body}"))
        : new(9, Clean($"{title}: {body}"));

    /// <summary>Control characters (C0, DEL, C1) out, so the text cannot end the sequence early or start another.</summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxPayload));
        foreach (char c in text)
        {
            if (sb.Length >= MaxPayload) break;
            sb.Append(char.IsControl(c) ? ' ' : c);
        }
        return sb.ToString();
    }
}

// OSC 9 / 777 / 99: the emulator only holds them, a few at a time, for the server to hand to attached clients.
public sealed partial class Terminal
{
    /// <summary>Notifications held until taken; beyond this the oldest are dropped (and counted).</summary>
    public const int MaxPendingNotifications = 8;

    private readonly DropOldestQueue<DesktopNotification> _notifications = new(MaxPendingNotifications);

    public bool HasNotifications => _notifications.Count > 0;

    /// <summary>The notifications since the last call, oldest first.</summary>
    public DesktopNotification[] TakeNotifications() => _notifications.TakeAll();

    /// <summary>Notifications pushed out unread since the last call (more than <see cref="MaxPendingNotifications"/> at once).</summary>
    public int TakeDroppedNotifications() => _notifications.TakeDropped();

    /// <summary>OSC 9 / 777 / 99 with its payload: kept, cleaned. OSC 777 other than <c>notify</c> is not a notification.</summary>
    private void Notification(int command, ReadOnlySpan<byte> payload)
    {
        if (command == 777 && !payload.StartsWith("notify;"u8)) return;
        if (payload.IsEmpty) return;
        string text = Encoding.UTF8.GetString(payload.Length > DesktopNotification.MaxPayload * 4 ? payload[..(DesktopNotification.MaxPayload * 4)] : payload);
        _notifications.Enqueue(new DesktopNotification(command, DesktopNotification.Clean(text)));
    }
}
