using Paxman.Edge.Conformance;

return ConformanceCommand.Run(args, Console.Out, Console.Error);
