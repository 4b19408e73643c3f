"""Pages of the meetings app: meeting pages, the planning page, attendees and personal links, agendas."""
