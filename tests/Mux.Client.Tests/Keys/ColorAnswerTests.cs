using System.Text;
using Mux.Client.Attach;
using Mux.Client.Keys;
using Mux.Protocol;
using Mux.Vt100.Screen;

namespace Mux.Client.Tests.Keys;

/// <summary>The user's terminal answering the client's colour queries: for the client, never keys, and no key lost.</summary>
public class ColorAnswerTests
{
    private const string CtrlA = "\u0001";
    private const string Background = "\e]11;rgb:1234/5678/9abc\e\\";

    private static List<KeyAction> Read(PrefixKeyReader reader, params string[] reads)
    {
        var actions = new List<KeyAction>();
        foreach (var r in reads) reader.Read(Encoding.UTF8.GetBytes(r), actions);
        return actions;
    }

    private static string Sent(List<KeyAction> actions) =>
        Encoding.UTF8.GetString(actions.Where(a => a.Kind == KeyActionKind.Input).SelectMany(a => a.Bytes!).ToArray());

    private static string[] Answers(List<KeyAction> actions) =>
        actions.Where(a => a.Kind == KeyActionKind.TerminalAnswer).Select(a => Encoding.UTF8.GetString(a.Bytes!)).ToArray();

    [Fact]
    public void AnAnswerAmongKeysIsTheClientsAndTheKeysAllGoOn()
    {
        var actions = Read(new PrefixKeyReader(0x01, (byte)'a'), "ab" + Background + "cd\e]4;1;rgb:cd/00/00\a\r");
        Assert.Equal("abcd\r", Sent(actions));
        Assert.Equal([Background, "\e]4;1;rgb:cd/00/00\a"], Answers(actions));
    }

    [Fact]
    public void AnAnswerBetweenThePrefixAndItsKeyLeavesTheCommandAlone()
    {
        var actions = Read(new PrefixKeyReader(0x01, (byte)'a'), CtrlA, Background, "d");
        Assert.Equal([KeyActionKind.TerminalAnswer, KeyActionKind.Detach], actions.Select(a => a.Kind));
    }

    [Fact]
    public void TheKittyKeyboardAnswerIsAReplyNotKeysEvenAfterThePrefix()
    {
        var actions = Read(new PrefixKeyReader(0x01, (byte)'a'), "a\e[?0ub", CtrlA, "\e[?0u", "d");
        Assert.Equal("ab", Sent(actions.Where(a => a.Kind != KeyActionKind.Detach).ToList()));
        Assert.Equal(["\e[?0u", "\e[?0u"], Answers(actions));
        Assert.Equal(KeyActionKind.Detach, actions[^1].Kind);
    }

    [Fact]
    public void AKittyKeyboardAnswerTellsTheServerTheTerminalSpeaksTheProtocolOnce()
    {
        var terminal = new OuterTerminal();
        Assert.Null(terminal.TakeMessage());
        terminal.Take(Encoding.ASCII.GetBytes("\e[?0u"));
        var message = TerminalColors.Decode(terminal.TakeMessage());
        Assert.True(message.KittyKeys);
        Assert.Empty(message.Colors);
        terminal.Take(Encoding.ASCII.GetBytes("\e[?0u"));
        Assert.Null(terminal.TakeMessage());
        Assert.EndsWith("\e[?u", Encoding.ASCII.GetString(OuterTerminal.Query));
    }

    [Fact]
    public void AnAnswerCutByAReadWaitsForItsRestWhileAnswersAreAwaited()
    {
        var reader = new PrefixKeyReader(0x01, (byte)'a') { AwaitingAnswers = true };
        var actions = Read(reader, "x\e]11;rgb:12", "34/5678/9abc\e\\y");
        Assert.Equal("xy", Sent(actions));
        Assert.Equal([Background], Answers(actions));
    }

    [Fact]
    public void WhatTheTerminalToldGoesToTheServerOnceAndGarbageIsIgnored()
    {
        var colors = new OuterTerminal();
        colors.Take(Encoding.ASCII.GetBytes(Background));
        colors.Take(Encoding.ASCII.GetBytes("\e]4;3;#cdcd00\a"));
        colors.Take(Encoding.ASCII.GetBytes("\e]4;200;rgb:ff/ff/ff\a"));   // not asked
        colors.Take(Encoding.ASCII.GetBytes("\e]10;rgb:zz/00/00\e\\"));    // garbage
        colors.Take(Encoding.ASCII.GetBytes("\e]11;\e\\"));
        var message = TerminalColors.Decode(colors.TakeMessage());
        Assert.Equal([(ColorSlot.OfDynamic(11), 0x12569au), (3, 0xcdcd00u)], message.Colors);
        Assert.Null(colors.TakeMessage());
        colors.Take(Encoding.ASCII.GetBytes(Background));                   // the same again: nothing new to tell
        Assert.Null(colors.TakeMessage());
    }

    [Theory]
    [InlineData("xterm-256color", true)]
    [InlineData("screen-256color", true)]
    [InlineData("linux", false)]
    [InlineData("dumb", false)]
    [InlineData(null, false)]
    public void TerminalsThatKnowNoQueriesAreNotAsked(string? term, bool ask) => Assert.Equal(ask, OuterTerminal.CanAsk(term));

    [Fact]
    public void TheQueryAsksForegroundBackgroundAndTheSixteenColours()
    {
        string query = Encoding.ASCII.GetString(OuterTerminal.Query);
        Assert.StartsWith("\e]10;?\e\\\e]11;?\e\\\e]4;0;?\e\\", query);
        Assert.EndsWith("\e]4;15;?\e\\\e[?u", query);   // then the kitty keyboard flags
        Assert.Equal(18, query.Split("\e\\").Length - 1);
    }
}
