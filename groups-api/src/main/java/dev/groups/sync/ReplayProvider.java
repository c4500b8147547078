package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import dev.groups.sync.replay.EntryServing;

/**
 * The serving side of {@link LogReplaySync}, on every member in every role: answers availability and
 * fetch requests from its log ({@link EntryServing}), and passes responses on to this node's session.
 * Stateless.
 */
final class ReplayProvider implements StateSyncProvider<LogReplaySync.Message> {
    /** The payload budget of one response, {@link EntryServing}'s. */
    static final int MAX_RESPONSE_PAYLOAD_BYTES = EntryServing.MAX_RESPONSE_PAYLOAD_BYTES;

    private final int batchSize;

    ReplayProvider(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public boolean onMessage(PeerId from, LogReplaySync.Message message,
                             SyncProviderContext<?, LogReplaySync.Message> ctx) {
        if (message instanceof AvailabilityRequest) {
            ctx.send(from, new AvailabilityResponse(EntryServing.servable(ctx)));
            return true;
        }
        if (message instanceof FetchEntriesRequest request) {
            ctx.send(from, EntryServing.serve(request.range(), batchSize, ctx, FetchEntriesResponse::new));
            return true;
        }
        return false;
    }
}
