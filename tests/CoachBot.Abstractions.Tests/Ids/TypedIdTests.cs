using System.Text.Json;
using CoachBot.Ids;

namespace CoachBot.Abstractions.Tests.Ids;

public sealed class TypedIdTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("acme-university")]
    [InlineData("user.name@example.org")]
    [InlineData("slack:T0123:U456")]
    public void Well_formed_ids_are_accepted(string text)
    {
        Assert.True(TenantId.TryParse(text, out var tenant));
        Assert.Equal(text, tenant.Value);
        Assert.Equal(text, UserId.Parse(text).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("-leading-dash")]
    [InlineData("with space")]
    [InlineData("quote'")]
    [InlineData("semi;colon")]
    public void Malformed_ids_are_refused(string text)
    {
        Assert.False(TenantId.TryParse(text, out _));
        Assert.False(UserId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => UserId.Parse(text));
    }

    [Fact]
    public void Ids_longer_than_the_limit_are_refused()
    {
        Assert.True(UserId.TryParse(new string('a', IdRules.MaxLength), out _));
        Assert.False(UserId.TryParse(new string('a', IdRules.MaxLength + 1), out _));
    }

    [Fact]
    public void A_user_key_round_trips_through_its_grain_key_and_never_confuses_tenants()
    {
        var key = new UserKey(TenantId.Parse("tenant-a"), UserId.Parse("user-1"));

        Assert.Equal("tenant-a/user-1", key.ToGrainKey());
        Assert.True(UserKey.TryParseGrainKey(key.ToGrainKey(), out var parsed));
        Assert.Equal(key, parsed);
        Assert.NotEqual(key.ToGroupName(), new UserKey(TenantId.Parse("tenant-b"), UserId.Parse("user-1")).ToGroupName());
        Assert.False(UserKey.TryParseGrainKey("tenant-a/user/1", out _));
        Assert.False(UserKey.TryParseGrainKey("/user-1", out _));
    }

    [Fact]
    public void Ids_serialize_as_plain_json_strings_and_malformed_ones_are_rejected_when_read()
    {
        var turn = TurnId.New();
        Assert.Equal($"\"{turn}\"", JsonSerializer.Serialize(turn));
        Assert.Equal(turn, JsonSerializer.Deserialize<TurnId>($"\"{turn}\""));
        Assert.Equal("\"default\"", JsonSerializer.Serialize(TenantId.Parse("default")));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TenantId>("\"a/b\""));
    }

    [Fact]
    public void Turn_ids_are_unique_and_parse_back()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => TurnId.New()).ToHashSet();
        Assert.Equal(1000, ids.Count);
        var one = ids.First();
        Assert.True(TurnId.TryParse(one.ToString(), out var parsed));
        Assert.Equal(one, parsed);
        Assert.False(TurnId.TryParse(Guid.Empty.ToString(), out _));
        Assert.False(TurnId.TryParse("nope", out _));
    }
}
