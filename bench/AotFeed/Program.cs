using Mux.Vt100;

// aot-feed FILE COLUMNS SECONDS [CHUNK [HISTORY]]: feeds FILE into one 40-row emulator with HISTORY lines of scrollback
// (default 10,000, the server's) in CHUNK-byte pieces (default 4096, what one read of a PTY returns) over and over for SECONDS, and prints MB per CPU second. Newlines become CR LF first, as
// the PTY's output processing makes them. The files: bench/e2e.py's make_files (plain, sgr, cjk).
if (args.Length is < 3 or > 5)
{
    Console.Error.WriteLine("usage: aot-feed FILE COLUMNS SECONDS [CHUNK [HISTORY]]");
    return 2;
}
var raw = File.ReadAllBytes(args[0]);
int columns = int.Parse(args[1]);
double seconds = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
int chunk = args.Length > 3 ? int.Parse(args[3]) : 4096;
int history = args.Length > 4 ? int.Parse(args[4]) : 10_000;
var data = new List<byte>(raw.Length + raw.Length / 32);
foreach (byte b in raw)
{
    if (b == '\n') data.Add((byte)'\r');
    data.Add(b);
}
byte[] bytes = [.. data];
var terminal = new Terminal(columns, 40, scrollbackLimit: history);

void FeedAll()
{
    ReadOnlySpan<byte> rest = bytes;
    while (!rest.IsEmpty)
    {
        int n = Math.Min(chunk, rest.Length);
        terminal.Feed(rest[..n]);
        rest = rest[n..];
    }
}

FeedAll();   // the history full from here on: the steady state
var clock = System.Diagnostics.Stopwatch.StartNew();
var cpu0 = Environment.CpuUsage.TotalTime;
long fed = 0;
while (clock.Elapsed.TotalSeconds < seconds)
{
    FeedAll();
    fed += bytes.Length;
}
double cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
Console.WriteLine($"{Path.GetFileName(args[0])} at {columns} columns, {chunk}-byte reads: {fed / 1e6 / cpu:F1} MB per CPU second ({1e3 * cpu / (fed / 1e6):F2} ms/MB)");
return 0;
