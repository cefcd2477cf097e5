using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>register KEY TEXT</c>: keeps TEXT (with screen's escapes, as <c>stuff</c>) under KEY for <c>paste</c>.</summary>
public sealed class RegisterCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Register;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string text = StuffCommand.Unescape(arguments[1]);
        if (text.Length > Sessions.Registers.MaxLength) return CommandResult.Fail($"register: at most {Sessions.Registers.MaxLength} characters");
        return RegisterNames.Store(context, arguments[0], text);
    }
}

/// <summary>
/// <c>readreg [KEY [FILE]]</c>: fills register KEY (the paste buffer when none) with FILE's text; without FILE,
/// screen's exchange file <c>/tmp/screen-exchange</c>.
/// </summary>
public sealed class ReadregCommand : ISessionCommand
{
    private const string ExchangeFile = "/tmp/screen-exchange";

    public CommandSyntax Syntax => CommandSyntaxes.Readreg;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string key = arguments.Length > 0 ? arguments[0] : ".";
        string file = context.ResolvePath(arguments.Length > 1 ? arguments[1] : ExchangeFile);
        string text;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (!stream.CanSeek || stream.Length > Sessions.Registers.MaxLength)
                return CommandResult.Fail($"readreg: {file} is not a regular file of at most {Sessions.Registers.MaxLength / (1024 * 1024)} MB");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandResult.Fail($"readreg: cannot read {file}: {FileProblem.Describe(e)}");
        }
        return RegisterNames.Store(context, key, text);
    }
}

/// <summary>Register names: one character, <c>.</c> being the paste buffer.</summary>
internal static class RegisterNames
{
    public const string PasteBuffer = ".";

    public static CommandResult Store(CommandContext context, string key, string text)
    {
        if (key.Length != 1) return CommandResult.Fail($"a register is named by one character, not '{key}'");
        if (key == PasteBuffer) context.Session.PasteBuffer = text;
        else context.Session.Registers.Set(key, text);
        return CommandResult.Ok();
    }

    public static string? Load(CommandContext context, char key) =>
        key == '.' ? context.Session.PasteBuffer : context.Session.Registers.Get(key.ToString());
}

/// <summary>A file error in plain words (the product is built without the runtime's message texts).</summary>
internal static class FileProblem
{
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the name is too long",
        _ => "input/output error",
    };
}
