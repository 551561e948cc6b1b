using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CoachBot.Benchmarks.Reference;

/// <summary>A piece of a streamed reply, as CoachBot's hub sends it.</summary>
public sealed record ReplyChunk(string TurnId, int Offset, string Delta, TurnEnd? End = null);

/// <summary>How a turn ended, as CoachBot's hub sends it.</summary>
public sealed record TurnEnd(string Status, int Length, ImmutableArray<string> Citations, string? ErrorCode = null, string? ErrorMessage = null);

/// <summary>
/// <c>SendMessage</c> of CoachBot's hub contract on a plain hub: the user message and an empty reply row are stored in one
/// transaction before the model is called, the deltas are streamed as they come, and the reply is stored with its status
/// before the last chunk is sent.
/// </summary>
[Authorize]
public sealed class ReferenceHub(IDbContextFactory<ReferenceDb> databases, ModelClient model, TurnGate gate, TimeProvider time) : Hub
{
    private const int MaxMessageLength = 4000;

    public async IAsyncEnumerable<ReplyChunk> SendMessage(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var user = SessionIssuer.UserOf(Context.User) ?? throw new HubException("unauthenticated: A valid session is required.");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new HubException("message_empty: The message is empty.");
        }

        if (text.Length > MaxMessageLength)
        {
            throw new HubException("message_too_long: The message is too long.");
        }

        if (!gate.TryEnter(user))
        {
            throw new HubException("turn_in_progress: A reply is still being written.");
        }

        try
        {
            var turnId = Guid.CreateVersion7();
            var turn = turnId.ToString();
            var reply = await AcceptAsync(user, turnId, text);
            var written = new StringBuilder();
            string status = "completed";
            // The reply belongs to the server, not to this stream: a client that goes away does not stop it.
            var deltas = model.StreamAsync(text, CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
            try
            {
                while (true)
                {
                    string delta;
                    try
                    {
                        if (!await deltas.MoveNextAsync())
                        {
                            break;
                        }

                        delta = deltas.Current;
                    }
                    catch (HttpRequestException)
                    {
                        status = "failed";
                        break;
                    }

                    var offset = written.Length;
                    written.Append(delta);
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        yield return new ReplyChunk(turn, offset, delta);
                    }
                }
            }
            finally
            {
                await deltas.DisposeAsync();
            }

            await StoreOutcomeAsync(reply, written.ToString(), status);
            yield return new ReplyChunk(turn, written.Length, "", new TurnEnd(status, written.Length, [], status == "failed" ? "model_failed" : null));
        }
        finally
        {
            gate.Exit(user);
        }
    }

    private async Task<TranscriptRow> AcceptAsync((string Tenant, string User) user, Guid turnId, string text)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync();
        var reply = new TranscriptRow { TenantId = user.Tenant, UserId = user.User, TurnId = turnId, Role = "assistant", Text = "", Status = "streaming", CreatedAt = now };
        db.Messages.Add(new TranscriptRow { TenantId = user.Tenant, UserId = user.User, TurnId = turnId, Role = "user", Text = text, Status = "completed", CreatedAt = now, CompletedAt = now });
        db.Messages.Add(reply);
        // One SaveChanges is one transaction: both rows or neither.
        await db.SaveChangesAsync();
        return reply;
    }

    private async Task StoreOutcomeAsync(TranscriptRow reply, string text, string status)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync();
        await db.Messages.Where(m => m.Id == reply.Id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Text, text)
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.CompletedAt, now));
    }
}
