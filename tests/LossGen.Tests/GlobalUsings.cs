global using Xunit;
global using LossGen;
