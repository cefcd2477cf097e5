namespace Mux.Server; internal static class Placeholder { }
