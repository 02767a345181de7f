"""What the synthetic speakers say: call scripts, weak phrases and filled pauses.

The scripts are new (none of the dev set's people or wording) and written the way Call
Coach writes them: warm, about the listener, to someone who will take the call. Numbers
are spelled out because the truth counts words as they are written, and a TTS engine
reads "555" as "five hundred fifty five". No script line contains a weak phrase: every
weak phrase in a take is one this generator inserted and labelled.
"""

SCRIPTS = {
    "ho_network_dana": [
        "Hi Dana, it's Sam Ortiz, we worked together on the spring fundraiser at Brightside.",
        "Is now a good moment, or should I call back later this week?",
        "I read that your group opened the new Portland office, that's a big milestone.",
        "How is the team settling in after the move?",
        "I applied for the operations analyst role on your floor about two weeks ago.",
        "I'd love to hear what the team is working on this quarter.",
        "What does a great first month look like for someone in that seat?",
        "Is there anything about the hiring timeline you're able to share?",
        "If it helps, I can send a short note you could pass along.",
        "Whatever works best for you is fine with me.",
        "Thanks so much, Dana, it was really good to hear your voice.",
    ],
    "ho_reception_harbor": [
        "Good morning, this is Jordan Reyes, how is your day going so far?",
        "I came in last Thursday for an interview, and you made me feel very welcome.",
        "I hope the new front desk system is treating you kindly.",
        "I'd like to send a thank you note to Karen Alvarez.",
        "Could you confirm her title, so that I get it right?",
        "Is she in the office this week, or travelling?",
        "I know the team is busy with the quarter end.",
        "Would it be better to reach her by email or by phone?",
        "Thank you, that's really helpful.",
        "Have a lovely afternoon, and I hope the rest of your week is calm.",
    ],
    "ho_voicemail_marcus": [
        "Hi Marcus, this is Priya Natarajan, "
        "we were both in the Lakeview alumni mentoring program.",
        "Congratulations on your promotion to engineering director, that's wonderful news.",
        "Ana Chen suggested I reach out, since your team is hiring a data engineer.",
        "I applied last Monday and would value ten minutes of your perspective on the team.",
        "I'm free most mornings this week, whenever suits you.",
        "You can reach me at four one five, two two six, nine eight one three.",
        "Again, that's Priya Natarajan, four one five, two two six, nine eight one three.",
        "Thanks, Marcus, and enjoy the rest of your week.",
    ],
    "ho_network_felix": [
        "Hey Felix, it's Morgan Lee, I hope the new season is treating you well.",
        "Do you have five minutes, or is later better for you?",
        "I saw your talk on warehouse safety at the regional conference, it was excellent.",
        "The part about training new shift leads really stuck with me.",
        "How did your team end up rolling that program out?",
        "I've applied for the logistics coordinator opening at Northfield.",
        "I know you worked with their operations group last year.",
        "What do you think matters most to them right now?",
        "Are they dealing with any delays or changes I should know about?",
        "I'd really value your honest read on whether I'd be a good fit.",
        "And if there's anything I can help you with, please tell me.",
        "Thanks, Felix, this means a lot.",
        "Say hello to everyone at the depot for me.",
    ],
    "ho_reception_clinic": [
        "Hi, this is Alex Kim, we spoke briefly when I dropped off my application.",
        "I hope the clinic hasn't been too hectic this week.",
        "I applied for the veterinary technician position on the twelfth.",
        "Could you tell me whether my paperwork reached Doctor Patel?",
        "Do you know if she's still reviewing applications, or has there been a delay?",
        "I completely understand if things are on hold for now.",
        "Is there a better day for me to check back?",
        "Thank you for your help, I really appreciate it.",
        "Give the clinic cat a scratch behind the ears for me.",
    ],
    "ho_voicemail_grace": [
        "Hello Grace, this is Daniel Osei, we met at the city library's career fair on Saturday.",
        "Thanks again for telling me about the community outreach work your team does.",
        "I really liked hearing how you partner with local schools.",
        "Since then, I've applied for the program coordinator position you mentioned.",
        "I'd love to learn what your team hopes the new coordinator will take on first.",
        "If you have a few minutes next week, I'd be grateful for a quick chat.",
        "My number is six one seven, five five two, zero four eight eight.",
        "That's Daniel Osei, six one seven, five five two, zero four eight eight.",
        "Thanks so much, Grace, and have a great weekend.",
    ],
}

# Said as a sentence of their own, between script lines.
WEAK_SENTENCES = [
    "I'm just following up.",
    "I'm just following up on my application.",
    "Sorry to bother you.",
    "Sorry to bother you, I know you're busy.",
    "I was wondering if you had a chance to look at it.",
    "I was just wondering if there's any news.",
    "Just checking in.",
    "I'm just calling to check in.",
    "I just wanted to touch base.",
    "I hate to bug you about this.",
    "I'm sorry to take up your time.",
    "This is probably a silly question.",
    "I don't want to be a pain.",
    "I just wanted to see where things stand.",
]

# Said as a lead-in glued to the start of a script line ("I was wondering, is there ...").
WEAK_LEADINS = [
    "I was wondering,",
    "Sorry to bother you, but",
    "Just checking in,",
    "I'm just following up, and",
    "Sorry, I know you're busy, but",
    "I just wanted to ask,",
]

# Filled pauses and how often each is drawn: uh and um dominate real speech.
FILLER_WEIGHTS = {"uh": 0.34, "um": 0.34, "er": 0.12, "ah": 0.1, "hmm": 0.1}
