using Mux.Vt100.Fuzz;
using SharpFuzz;

// With a file argument, replay one input (to reproduce a crash); otherwise run under afl-fuzz.
if (args.Length == 1)
{
    FuzzCase.Run(File.ReadAllBytes(args[0]));
    Console.WriteLine("ok");
    return;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzCase.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
